import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b,c}from"./chunk-OQVZT5GG.mjs";import"./chunk-NSXFHPP5.mjs";import"./chunk-72PIMXH2.mjs";import"./chunk-K5NCGNMA.mjs";import"./chunk-BDFSTL4T.mjs";export{a as DEFAULT_SCHEDULE,b as bootstrapPlan,c as tokenLifetimeMs};
