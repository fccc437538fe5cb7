import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var n={ok:0,failure:1,usage:2,warnings:3},e=class extends Error{flag;constructor(r,o){super(`${r}: ${o}`),this.flag=r}get name(){return"UsageError"}},t=class extends Error{get name(){return"CommandFailure"}};export{n as a,e as b,t as c};
