import Link from 'next/link';
import type { ButtonHTMLAttributes, ReactNode } from 'react';

export type ButtonVariant = 'primary' | 'default' | 'text';

const BASE =
  'inline-flex h-8 items-center justify-center gap-1.5 whitespace-nowrap rounded-[4px] px-4 text-[12px] font-semibold leading-none transition-colors disabled:opacity-60';
const VARIANTS: Record<ButtonVariant, string> = {
  primary: 'bg-primary-strong text-white hover:bg-primary-hover disabled:hover:bg-primary-strong',
  default: 'border border-line bg-white text-ink hover:border-subtle hover:bg-surface-2 disabled:hover:bg-white',
  text: 'text-info hover:underline px-1',
};

/** Class names for a KubeSphere-style button, for elements that are not <button>. */
export function buttonClass(variant: ButtonVariant = 'default', extra = ''): string {
  return `${BASE} ${VARIANTS[variant]} ${extra}`.trim();
}

/** A button in the console's look. */
export function Button({ variant = 'default', className = '', type = 'button', ...rest }: { variant?: ButtonVariant } & ButtonHTMLAttributes<HTMLButtonElement>) {
  return <button type={type} className={buttonClass(variant, className)} {...rest} />;
}

/** A link that looks like a button (navigation stays a real <a>). */
export function ButtonLink({ href, variant = 'default', children, className = '', ...rest }: { href: string; variant?: ButtonVariant; children: ReactNode; className?: string; 'data-testid'?: string }) {
  return (
    <Link href={href} className={buttonClass(variant, className)} {...rest}>
      {children}
    </Link>
  );
}
