'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { ComponentProps } from 'react';

/**
 * A Link that prefetches its route when the pointer or the focus reaches it, not when it scrolls
 * into view. The shell's links (side nav, top bar, back links) are on screen on every page: viewport
 * prefetching made the server render about ten routes while the page itself was still loading,
 * which delayed the page's own data on a 2-core machine.
 * https://nextjs.org/docs/app/guides/prefetching#hover-triggered-prefetch
 */
export function IntentLink({ href, onMouseEnter, onFocus, onTouchStart, ...rest }: Omit<ComponentProps<typeof Link>, 'href' | 'prefetch'> & { href: string }) {
  const router = useRouter();
  const prefetch = () => router.prefetch(href);
  return (
    <Link
      {...rest}
      href={href}
      prefetch={false}
      onMouseEnter={(e) => {
        prefetch();
        onMouseEnter?.(e);
      }}
      onFocus={(e) => {
        prefetch();
        onFocus?.(e);
      }}
      onTouchStart={(e) => {
        prefetch();
        onTouchStart?.(e);
      }}
    />
  );
}
