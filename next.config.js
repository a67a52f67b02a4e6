/** @type {import('next').NextConfig} */
const nextConfig = {
  // client-node is ESM-only and pulls Node built-ins; keep it out of the server bundle.
  serverExternalPackages: ['@kubernetes/client-node', 'undici'],
  // the Dockerfile ships Next's standalone server (no dev dependencies in the image)
  output: 'standalone',
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
