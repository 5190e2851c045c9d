export { emailProblem, maxEmailLength, normaliseEmail } from './email-address';
export { clientIdOfAddress } from './client-id-of-address';
