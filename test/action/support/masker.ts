// The runner's log masker and the leak audit live with the runner model (simulator/actions-runner/), shared with
// `npm start`.

export {
  auditStep,
  encodedForms,
  hide,
  jobOutputs,
  type LogAudit,
  type NamedSecret,
  SimulatedMasker,
} from '../../../simulator/actions-runner/index.js';
