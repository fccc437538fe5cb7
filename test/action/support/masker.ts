// The runner's log masker and the leak audit live with the runner model (simulator/actions-runner.ts), shared with
// `npm start`.

export {
  auditStep,
  encodedForms,
  hide,
  jobOutputs,
  type LogAudit,
  type NamedSecret,
  SimulatedMasker,
} from '../../../simulator/actions-runner.js';
