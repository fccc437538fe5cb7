import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{b as t}from"./chunk-6BV2IWS2.mjs";var o=/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;function s(r){return`\\u${r.charCodeAt(0).toString(16).padStart(4,"0")}`}function i(r){return r.replace(/\r\n|\r|\n/g,e=>e===`\r
`?"\\r\\n":e==="\r"?"\\r":"\\n").replace(o,s)}function n(r){return r.replace(/\r/g,"\\r").replace(o,s)}function p(){return{stdin:process.stdin,stdout:process.stdout,stderr:process.stderr,interactive:process.stdin.isTTY===!0,stderrIsTTY:process.stderr.isTTY===!0,env:process.env}}function c(r,e){r.stdout.write(`${n(t(e))}
`)}function l(r,e){r.stderr.write(`${n(t(e))}
`)}export{i as a,p as b,c,l as d};
