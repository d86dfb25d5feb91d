import express from 'express';
import request from 'supertest';
import { bodyErrorToErrorBody, bodyParsing, forbiddenKeys, jsonDepthExceeds, MAX_BODY_DEPTH } from './body-parsing';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('jsonDepthExceeds', () => {
  it('counts objects and lists, not brackets inside strings', () => {
    expect(jsonDepthExceeds(bytes('{"a":[{"b":1}]}'), 3)).toBe(false);
    expect(jsonDepthExceeds(bytes('{"a":[{"b":[1]}]}'), 3)).toBe(true);
    expect(jsonDepthExceeds(bytes(`{"a":"${'['.repeat(100)}"}`), 2)).toBe(false);
    expect(jsonDepthExceeds(bytes(`{"a":"\\"${'{'.repeat(100)}"}`), 2)).toBe(false);
  });

  it('scans 5,000 levels without recursion', () => {
    expect(jsonDepthExceeds(bytes('['.repeat(5000) + ']'.repeat(5000)), MAX_BODY_DEPTH)).toBe(true);
    expect(jsonDepthExceeds(bytes('['.repeat(MAX_BODY_DEPTH) + ']'.repeat(MAX_BODY_DEPTH)), MAX_BODY_DEPTH)).toBe(false);
  });
});

describe('forbiddenKeys', () => {
  it('finds prototype keys at any depth', () => {
    expect(forbiddenKeys(JSON.parse('{"a":{"b":[{"__proto__":{"x":1}}]},"constructor":{}}')).sort()).toEqual(['a.b.0.__proto__', 'constructor']);
    expect(forbiddenKeys({ a: { prototypes: 1 } })).toEqual([]);
  });
});

describe('bodyErrorToErrorBody', () => {
  it('maps body-parser errors to stable codes, and leaves server faults alone', () => {
    expect(bodyErrorToErrorBody(Object.assign(new Error('x'), { type: 'entity.too.large', status: 413 }))?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(bodyErrorToErrorBody(Object.assign(new SyntaxError('x'), { type: 'entity.parse.failed', status: 400 }))?.code).toBe('MALFORMED_JSON');
    expect(bodyErrorToErrorBody(Object.assign(new Error('x'), { type: 'charset.unsupported', status: 415 }))?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(bodyErrorToErrorBody(new Error('boom'))).toBeNull();
    expect(bodyErrorToErrorBody(Object.assign(new Error('x'), { status: 500 }))).toBeNull();
  });
});

describe('bodyParsing', () => {
  const app = express();
  app.use(bodyParsing({ formPaths: ['/form'] }));
  app.post('/{*path}', (req, res) => res.json({ body: req.body ?? null }));

  it('parses JSON within the limits', async () => {
    const response = await request(app).post('/api/x').send({ title: 'Été', nested: { list: [1, 2] } });
    expect(response.status).toBe(200);
    expect(response.body.body).toEqual({ title: 'Été', nested: { list: [1, 2] } });
  });

  it.each([
    ['over 1 MB', JSON.stringify({ a: 'x'.repeat(1_100_000) }), 'application/json', 413, 'PAYLOAD_TOO_LARGE'],
    ['5,000 levels deep', '{"a":'.repeat(5000) + '1' + '}'.repeat(5000), 'application/json', 400, 'BODY_TOO_DEEP'],
    ['malformed', '{"a": ', 'application/json', 400, 'MALFORMED_JSON'],
    ['a scalar (strict JSON bodies are objects or lists)', '"text"', 'application/json', 400, 'MALFORMED_JSON'],
    ['text/plain', '{"a":1}', 'text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['XML', '<a/>', 'application/xml', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a form outside the declared paths', 'a=1', 'application/x-www-form-urlencoded', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['JSON in latin1', '{"a":1}', 'application/json; charset=latin1', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a __proto__ key', '{"__proto__":{"isAdmin":true}}', 'application/json', 400, 'VALIDATION_FAILED'],
  ])('refuses a body %s with the portal error body', async (_, body, type, status, code) => {
    const response = await request(app).post('/api/x').set('content-type', type).send(body);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ statusCode: status, code });
    expect(response.body.message).toMatch(/[a-zé]/);
  });

  it('accepts forms on the declared paths, +json types, and empty bodies of any type', async () => {
    expect((await request(app).post('/form').type('form').send('montant=100&refdet=ABC')).body.body).toEqual({ montant: '100', refdet: 'ABC' });
    expect((await request(app).post('/api/x').set('content-type', 'application/merge-patch+json').send('{"a":1}')).body.body).toEqual({ a: 1 });
    expect((await request(app).post('/api/sign-out').set('content-type', 'text/plain').send('')).status).toBe(200);
  });

  it('leaves multipart bodies to the upload routes', async () => {
    const response = await request(app).post('/api/upload').attach('file', Buffer.from('%PDF-1.4'), 'a.pdf');
    expect(response.status).toBe(200);
    expect(response.body.body).toBeNull();
  });
});
