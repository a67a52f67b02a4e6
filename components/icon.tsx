import type { SVGProps } from 'react';

/** Outline icons on a 16x16 grid, drawn with currentColor so they follow the text colour. */
const PATHS = {
  overview: 'M2.5 2.5h4.5v5h-4.5zM9 2.5h4.5v3H9zM9 7.5h4.5v6H9zM2.5 9.5h4.5v4h-4.5z',
  applications: 'M8 1.8l5.5 3.1v6.2L8 14.2l-5.5-3.1V4.9zM2.5 4.9L8 8l5.5-3.1M8 8v6.2',
  services: 'M8 2.5a1.8 1.8 0 1 0 0 .01M3.5 11a1.8 1.8 0 1 0 0 .01M12.5 11a1.8 1.8 0 1 0 0 .01M7 5.8L4.4 9.5M9 5.8l2.6 3.7M5.3 12.2h5.4',
  workloads: 'M2.5 3.5h11v3h-11zM2.5 9.5h11v3h-11zM4.5 5h.01M4.5 11h.01',
  grayscale: 'M2 12.5h3.5c2 0 2.5-1.2 3.5-4.5s1.5-4.5 3.5-4.5H14M2 12.5h12M11.5 1.5l2.5 2.5-2.5 2.5M11.5 10l2.5 2.5-2.5 2.5',
  traffic: 'M2 13.5h12M3.5 11l3-4 2.5 2.5 4-5.5M10.5 4h2.5v2.5',
  tracing: 'M2 3.5h7M4 6.5h8M6 9.5h5M3 12.5h10M2 2v12',
  project: 'M2 4.5l6-2.5 6 2.5v7L8 14l-6-2.5zM2 4.5L8 7l6-2.5M8 7v7',
  search: 'M7 2.5a4.5 4.5 0 1 0 0 9 4.5 4.5 0 1 0 0-9M10.3 10.3L13.5 13.5',
  chevronDown: 'M4 6l4 4 4-4',
  chevronRight: 'M6 4l4 4-4 4',
  user: 'M8 2.5a2.8 2.8 0 1 0 0 5.6 2.8 2.8 0 1 0 0-5.6M2.5 14c.6-2.8 2.9-4.3 5.5-4.3s4.9 1.5 5.5 4.3',
  menu: 'M2.5 4h11M2.5 8h11M2.5 12h11',
  close: 'M3.5 3.5l9 9M12.5 3.5l-9 9',
  alert: 'M8 2L14.5 13.5h-13zM8 6.5v3.5M8 11.8v.2',
  cluster: 'M8 1.8l5.5 3.1v6.2L8 14.2l-5.5-3.1V4.9zM8 5.3a2.7 2.7 0 1 0 0 5.4 2.7 2.7 0 1 0 0-5.4',
  info: 'M8 1.8a6.2 6.2 0 1 0 0 12.4A6.2 6.2 0 1 0 8 1.8M8 7.2v4M8 4.8v.2',
  refresh: 'M13 8a5 5 0 1 1-1.5-3.6M13 2.5v2.5h-2.5',
  lock: 'M4 7h8v6.5H4zM5.5 7V5a2.5 2.5 0 0 1 5 0v2',
  check: 'M3 8.5l3 3 7-7',
  empty: 'M2 9.5l2-6h8l2 6v4H2zM2 9.5h3.5l1 1.5h3l1-1.5H14',
} as const;

export type IconName = keyof typeof PATHS;

/** A decorative icon (hidden from assistive tech; label the control that holds it instead). */
export function Icon({ name, size = 16, ...rest }: { name: IconName; size?: number } & Omit<SVGProps<SVGSVGElement>, 'name'>) {
  return (
    <svg
      viewBox="0 0 16 16"
      width={size}
      height={size}
      fill="none"
      stroke="currentColor"
      strokeWidth={1.4}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...rest}
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
