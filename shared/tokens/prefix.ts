/** Every Vault API access token value starts with this (Vault docs, "API Access Tokens"). */
export const VAULT_TOKEN_PREFIX = 'veeva-vault-';
