import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{b as e}from"./chunk-K5NCGNMA.mjs";var o=/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;function s(r){return`\\u${r.charCodeAt(0).toString(16).padStart(4,"0")}`}function i(r){return r.replace(/\r\n|\r|\n/g,t=>t===`\r
`?"\\r\\n":t==="\r"?"\\r":"\\n").replace(o,s)}function n(r){return r.replace(/\r/g,"\\r").replace(o,s)}function c(){return{stdin:process.stdin,stdout:process.stdout,stderr:process.stderr,interactive:process.stdin.isTTY===!0,stderrIsTTY:process.stderr.isTTY===!0,env:process.env}}function l(r,t){r.stdout.write(`${n(e(t))}
`)}function u(r,t){r.stderr.write(`${n(e(t))}
`)}export{i as a,c as b,l as c,u as d};
