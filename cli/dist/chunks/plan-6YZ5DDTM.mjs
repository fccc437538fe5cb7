import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b,c}from"./chunk-AK6NYCWJ.mjs";import"./chunk-FNTUVEL3.mjs";import"./chunk-ONYOQ3OR.mjs";import"./chunk-SDMADMZZ.mjs";import"./chunk-BDFSTL4T.mjs";export{a as DEFAULT_SCHEDULE,b as bootstrapPlan,c as tokenLifetimeMs};
