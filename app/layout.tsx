import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { initialSession } from '@/app/_data/session-state';
import { Providers } from '@/components/providers';
import { TopBar } from '@/components/top-bar';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Graylane', template: '%s · Graylane' },
  description: 'Grayscale releases for microservices on Kubernetes and Istio',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#242e42' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await initialSession();
  return (
    <html lang="en">
      <body>
        <a href="#main" className="sr-only z-50 rounded-[4px] bg-white px-3 py-2 text-ink focus:not-sr-only focus:fixed focus:left-3 focus:top-3">
          Skip to content
        </a>
        <Providers session={session}>
          <TopBar />
          <div id="main" className="mx-auto w-full max-w-[1600px] px-3 py-3 sm:px-5 sm:py-5">
            {children}
          </div>
        </Providers>
      </body>
    </html>
  );
}
