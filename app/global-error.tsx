'use client';

// Replaces the root layout when it fails, so it cannot rely on globals.css: inline styles only.
export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body style={{ margin: 0, background: '#eff4f9', color: '#242e42', font: '12px/1.67 Roboto, "Helvetica Neue", Arial, sans-serif' }}>
        <title>Error · Graylane</title>
        <div style={{ height: 56, background: '#242e42' }} />
        <div role="alert" style={{ maxWidth: 520, margin: '40px auto', padding: '40px 20px', background: '#fff', border: '1px solid #ccd3db', borderRadius: 4, textAlign: 'center' }}>
          <h1 style={{ fontSize: 16, margin: 0 }}>Graylane could not load</h1>
          <p style={{ color: '#79879c' }}>The console failed to render. Try again, or check the server log.</p>
          <button type="button" onClick={() => retry()} style={{ background: '#55bc8a', color: '#fff', border: 0, borderRadius: 4, height: 32, padding: '0 16px', fontWeight: 600, cursor: 'pointer' }}>
            Try again
          </button>
        </div>
      </body>
    </html>
  );
}
