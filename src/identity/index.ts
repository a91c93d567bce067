export { extractClaim, extractClaims } from './extract.js';
export type { IdentityClaim, ExtractOptions, ClaimFound } from './claim.js';
export type { ClaimKind } from './patterns/common.js';
export { MAKER_IDS, NAMES, findNames, makerOfName } from './lexicon.js';
export type { MakerId, NameEntry, NameMention } from './lexicon.js';
export { identityClaimEvidence, mostClaimedMaker } from './evidence.js';
export type { IdentityClaimEvidence, ClaimCount, ClaimedMaker } from './evidence.js';
export { claimRows, claimRatesByModel, promptText } from './answers.js';
export type { AnswerToRead, ClaimRow, ModelClaimRates } from './answers.js';
