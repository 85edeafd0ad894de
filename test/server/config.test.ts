import { expect } from 'chai';
import { loadConfig, ConfigError } from '../../server/config.ts';

describe('configuration from the environment', () => {
  it('starts with no configuration at all: port 3000, ./data, the embedded store', () => {
    const c = loadConfig({});
    expect(c.port).to.equal(3000);
    expect(c.dataDir).to.match(/data$/);
    expect(c.mongodbUri).to.equal(null);
    expect(c.leaseSeconds).to.equal(1800);
    expect(c.loginMaxAttempts).to.equal(10);
    expect(c.loginMaxAttemptsPerAddress).to.equal(50);
    expect(c.webhookAllowPrivate).to.equal(false);
    expect(c.requestTimeoutSeconds).to.equal(60);
    expect(c.uploadIdleSeconds).to.equal(60);
    expect(c.maxConnections).to.equal(1000);
    expect(Object.isFrozen(c)).to.equal(true);
  });

  it('reads ALLOWED_ORIGINS as a list of normalised origins', () => {
    const c = loadConfig({ ALLOWED_ORIGINS: 'https://App.Example.com/, http://localhost:8080' });
    expect(c.allowedOrigins).to.deep.equal(['https://app.example.com', 'http://localhost:8080']);
  });

  it('reads the ASR server settings: off without ASR_URL, a base URL without its trailing slash', () => {
    expect(loadConfig({}).asrUrl).to.equal(null);
    const c = loadConfig({
      ASR_URL: 'http://127.0.0.1:8080/v1/',
      ASR_CONCURRENCY: '4',
      ASR_TIMEOUT_SECONDS: '60',
    });
    expect(c).to.include({
      asrUrl: 'http://127.0.0.1:8080/v1',
      asrModel: 'whisper-1',
      asrConcurrency: 4,
      asrTimeoutSeconds: 60,
    });
  });

  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ ASR_URL: 'ftp://asr.example.com' }, /^ASR_URL must be an http\(s\) base URL/],
    [{ ASR_URL: 'https://user:key@asr.example.com/v1' }, /^ASR_URL .*no credentials/],
    [{ ASR_CONCURRENCY: '0' }, /^ASR_CONCURRENCY must be a whole number from 1/],
    [{ PORT: 'eighty' }, /^PORT must be a whole number/],
    [{ PORT: '70000' }, /^PORT must be a whole number from 0 to 65535/],
    [{ MAX_UPLOAD_BYTES: '-1' }, /^MAX_UPLOAD_BYTES/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of/],
    [{ MONGODB_URI: 'postgres://x' }, /^MONGODB_URI must start with mongodb:\/\//],
    [{ ADMIN_EMAIL: 'admin@x.test' }, /ADMIN_EMAIL and ADMIN_PASSWORD must be set together/],
    [{ ADMIN_EMAIL: 'admin@x.test', ADMIN_PASSWORD: 'short' }, /^ADMIN_PASSWORD must be at least 8/],
    [{ WORKERS_IN_PROCESS: 'maybe' }, /^WORKERS_IN_PROCESS must be true or false/],
    [{ LEASE_SECONDS: '0' }, /^LEASE_SECONDS/],
    [{ RETURN_HOLD_HOURS: '-1' }, /^RETURN_HOLD_HOURS/],
    [{ SMTP_URL: 'http://mail.example.com' }, /^SMTP_URL must look like smtp:/],
    [{ SMTP_URL: 'smtp://mail.example.com:587' }, /^MAIL_FROM must be set with SMTP_URL/],
    [{ SMTP_URL: 'smtp://mail.example.com', MAIL_FROM: 'n@example.com' }, /^PUBLIC_URL must be set/],
    [{ MAIL_FROM: 'not an address' }, /^MAIL_FROM must be an e-mail address/],
    [{ PUBLIC_URL: 'ftp://notula.example.com' }, /^PUBLIC_URL must be an http\(s\) address/],
    [{ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '0' }, /^LOGIN_MAX_ATTEMPTS_PER_ADDRESS must be a whole number/],
    [{ WEBHOOK_ALLOW_PRIVATE: 'inside' }, /^WEBHOOK_ALLOW_PRIVATE must be true or false/],
    [{ REQUEST_TIMEOUT_SECONDS: '0' }, /^REQUEST_TIMEOUT_SECONDS must be a whole number/],
    [{ UPLOAD_IDLE_SECONDS: 'forever' }, /^UPLOAD_IDLE_SECONDS must be a whole number/],
    [{ MAX_CONNECTIONS: '0' }, /^MAX_CONNECTIONS must be a whole number/],
    [{ MAX_STREAMS_PER_USER: '0' }, /^MAX_STREAMS_PER_USER must be a whole number/],
    [{ MAX_RECORDING_SECONDS: '6h' }, /^MAX_RECORDING_SECONDS must be a whole number/],
    [{ MAX_SEGMENTS_PER_RECORDING: '0' }, /^MAX_SEGMENTS_PER_RECORDING must be a whole number/],
    [{ ALLOWED_ORIGINS: 'https://a.example/app' }, /^ALLOWED_ORIGINS must list origins/],
    [{ ALLOWED_ORIGINS: 'a.example' }, /^ALLOWED_ORIGINS must list origins/],
  ];
  for (const [env, msg] of bad) {
    it(`stops on ${JSON.stringify(env)} with a sentence naming the variable`, () => {
      expect(() => loadConfig(env)).to.throw(ConfigError, msg);
    });
  }
});
