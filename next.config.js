// Security headers on every response (issue 7). Next's production pages bootstrap with inline
// <script> tags, so script-src needs 'unsafe-inline' unless every page is rendered per request
// with a nonce; the console's own pages are partly static, so this is the policy that works with
// `next start`. frame-ancestors 'none' (and X-Frame-Options for old browsers) stops clickjacking.
// https://nextjs.org/docs/app/guides/content-security-policy
const dev = process.env.NODE_ENV === 'development';
const csp = [
  "default-src 'self'",
  // React's dev build evaluates code for its error overlay; production never does.
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers every response carries. */
export const securityHeaders = [
  { key: 'Content-Security-Policy', value: csp },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // client-node is ESM-only and pulls Node built-ins; keep it out of the server bundle.
  serverExternalPackages: ['@kubernetes/client-node', 'undici'],
  // the Dockerfile ships Next's standalone server (no dev dependencies in the image)
  output: 'standalone',
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
