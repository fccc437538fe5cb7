import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a as r,b as m,c as o}from"./chunk-AZUPMGC6.mjs";import{g as e}from"./chunk-5VZSTUOA.mjs";var t=class extends r(m,o,"DescribeSecret",e){};export{t as a};
