// Office keys and signed files made by Node's own crypto, sharing no code
// with the app: ECDSA P-256 keys, the RFC 7638 thumbprint, and JWS in the
// flattened serialization with ES256 (r‖s), as the trust contract says.
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';

const b64u = (bytes) => Buffer.from(bytes).toString('base64url');

/** A new office key: its public JWK, its fingerprint, and what it signs. */
export function officeKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
  const jwk = { kty, crv, x, y };
  const kid = createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url');
  return {
    jwk,
    kid,
    /** How a roster lists this key for `office`. */
    listed: (office) => ({ office, kid, jwk }),
    /** `text` (a file of format `cty`) signed as `office`: the signed file's text. */
    sign(text, office, cty) {
      const header = { alg: 'ES256', typ: 'taizhang+jws', kid, jwk, office, cty };
      const protectedPart = b64u(JSON.stringify(header));
      const payload = b64u(text);
      const signature = sign('sha256', Buffer.from(`${protectedPart}.${payload}`), { key: privateKey, dsaEncoding: 'ieee-p1363' });
      return JSON.stringify({ payload, protected: protectedPart, signature: b64u(signature) });
    },
  };
}

/** A roster of `keys` issued by `issuer` (an office key) as `office`, signed. */
export function roster(issuer, office, keys, issuedAt = '2021-05-01T08:00:00Z') {
  const text = JSON.stringify({ format: 'taizhang-roster', version: 1, issued_by: office, issued_at: issuedAt, keys });
  return issuer.sign(text, office, 'taizhang-roster');
}

/**
 * Checks a signed file the app wrote, with Node's own crypto: the header as
 * the contract says (ES256, taizhang+jws, kid = RFC 7638 thumbprint of the
 * jwk), the signature over `protected.payload`. Returns { header, inner }
 * (the inner file parsed); throws if anything does not hold.
 */
export function verifySigned(raw, { cty, office } = {}) {
  const file = JSON.parse(raw);
  const header = JSON.parse(Buffer.from(file.protected, 'base64url').toString());
  if (header.alg !== 'ES256' || header.typ !== 'taizhang+jws') throw new Error(`header ${JSON.stringify(header)}`);
  if (cty && header.cty !== cty) throw new Error(`cty ${header.cty}, expected ${cty}`);
  if (office && header.office !== office) throw new Error(`office ${header.office}, expected ${office}`);
  const { crv, kty, x, y } = header.jwk;
  const thumbprint = createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url');
  if (header.kid !== thumbprint) throw new Error('kid is not the jwk\'s thumbprint');
  const input = Buffer.from(`${file.protected}.${file.payload}`);
  const good = verify('sha256', input, { key: header.jwk, format: 'jwk', dsaEncoding: 'ieee-p1363' }, Buffer.from(file.signature, 'base64url'));
  if (!good) throw new Error('the signature does not verify');
  return { header, inner: JSON.parse(Buffer.from(file.payload, 'base64url').toString('utf8')) };
}
