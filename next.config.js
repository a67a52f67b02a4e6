/** @type {import('next').NextConfig} */
const nextConfig = {
  // client-node is ESM-only and pulls Node built-ins; keep it out of the server bundle.
  serverExternalPackages: ['@kubernetes/client-node', 'undici'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
