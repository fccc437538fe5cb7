import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b,c}from"./chunk-CMTBHZ4S.mjs";import"./chunk-IUXDM7BD.mjs";import"./chunk-L75RMK6Y.mjs";import"./chunk-6BV2IWS2.mjs";import"./chunk-BDFSTL4T.mjs";export{a as DEFAULT_SCHEDULE,b as bootstrapPlan,c as tokenLifetimeMs};
