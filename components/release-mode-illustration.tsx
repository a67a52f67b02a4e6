export type ReleaseMode = 'blue-green' | 'canary' | 'mirror';

const INK = '#36435c';
const MUTED = '#abb4be';
const GREEN = '#55bc8a';
const BLUE = '#329dce';

/** Small diagrams of where traffic goes in each release mode (decorative; the card text says it). */
export function ReleaseModeIllustration({ mode }: { mode: ReleaseMode }) {
  return (
    <svg viewBox="0 0 132 76" width="132" height="76" aria-hidden="true" focusable="false" className="shrink-0">
      <rect x="0.5" y="0.5" width="131" height="75" rx="4" fill="#f9fbfd" stroke="#e3e9ef" />
      {/* traffic source */}
      <circle cx="20" cy="38" r="9" fill="#ffffff" stroke={INK} strokeWidth="1.5" />
      <path d="M16 38h8M21 35l3 3-3 3" stroke={INK} strokeWidth="1.4" fill="none" strokeLinecap="round" strokeLinejoin="round" />
      {mode === 'blue-green' ? (
        <>
          <path d="M29 38 C48 38 52 20 78 20" stroke={MUTED} strokeWidth="1.5" fill="none" strokeDasharray="3 3" />
          <path d="M29 38 C48 38 52 56 78 56" stroke={GREEN} strokeWidth="3" fill="none" />
          <Box x={80} y={10} label="v1" color={BLUE} dim />
          <Box x={80} y={46} label="v2" color={GREEN} />
          <text x="50" y="70" fontSize="8" fill={INK} fontFamily="inherit">100%</text>
        </>
      ) : null}
      {mode === 'canary' ? (
        <>
          <path d="M29 38 C48 38 52 20 78 20" stroke={BLUE} strokeWidth="3" fill="none" />
          <path d="M29 38 C48 38 52 56 78 56" stroke={GREEN} strokeWidth="1.6" fill="none" />
          <Box x={80} y={10} label="v1" color={BLUE} />
          <Box x={80} y={46} label="v2" color={GREEN} />
          <text x="46" y="14" fontSize="8" fill={INK} fontFamily="inherit">70%</text>
          <text x="46" y="70" fontSize="8" fill={INK} fontFamily="inherit">30%</text>
        </>
      ) : null}
      {mode === 'mirror' ? (
        <>
          <path d="M29 38 C48 38 52 20 78 20" stroke={BLUE} strokeWidth="3" fill="none" />
          <path d="M56 29 C62 44 66 56 78 56" stroke={GREEN} strokeWidth="1.6" fill="none" strokeDasharray="3 2.5" />
          <Box x={80} y={10} label="v1" color={BLUE} />
          <Box x={80} y={46} label="v2" color={GREEN} />
          <text x="40" y="70" fontSize="8" fill={INK} fontFamily="inherit">copy</text>
        </>
      ) : null}
    </svg>
  );
}

function Box({ x, y, label, color, dim = false }: { x: number; y: number; label: string; color: string; dim?: boolean }) {
  return (
    <g opacity={dim ? 0.45 : 1}>
      <rect x={x} y={y} width="40" height="20" rx="3" fill="#ffffff" stroke={color} strokeWidth="1.5" />
      <circle cx={x + 9} cy={y + 10} r="3" fill={color} />
      <text x={x + 17} y={y + 13.5} fontSize="9" fontWeight="600" fill={INK} fontFamily="inherit">
        {label}
      </text>
    </g>
  );
}
