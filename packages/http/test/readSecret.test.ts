import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { readSecret } from '../src/lambda';

describe('readSecret (Parameters and Secrets Lambda extension)', () => {
  it('asks the extension on localhost:2773 with the session token and returns the SecretString', async () => {
    let seen: { url?: string; token?: string } = {};
    const server = createServer((req, res) => {
      seen = { url: req.url, token: req.headers['x-aws-parameters-secrets-token'] as string };
      res.end(JSON.stringify({ SecretString: 'sk_test_123' }));
    });
    await new Promise<void>((r) => server.listen(2773, '127.0.0.1', () => r()));
    process.env.AWS_SESSION_TOKEN = 'session-token';
    try {
      expect(await readSecret('arn:aws:secretsmanager:eu-west-3:1:secret:stripe')).toBe('sk_test_123');
      expect(seen.url).toBe('/secretsmanager/get?secretId=arn%3Aaws%3Asecretsmanager%3Aeu-west-3%3A1%3Asecret%3Astripe');
      expect(seen.token).toBe('session-token');
    } finally {
      delete process.env.AWS_SESSION_TOKEN;
      await new Promise((r) => server.close(r));
    }
  });
});
