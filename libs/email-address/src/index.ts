export { emailProblem, maxEmailLength, normaliseEmail } from './email-address';
