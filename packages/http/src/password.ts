// Password hashing lives with the account use-cases; re-exported for the HTTP layer and the local seed.
export { hashPassword, verifyPassword, needsRehash, setPasswordCost, PASSWORD_LOG2_N } from '@lieu/app/account';
