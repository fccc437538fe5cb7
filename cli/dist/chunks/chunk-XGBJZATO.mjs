import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{c as r,d as m,e as o}from"./chunk-NOFCK5IR.mjs";import{g as e}from"./chunk-XOKR4AIC.mjs";var t=class extends r(m,o,"DescribeSecret",e){};export{t as a};
