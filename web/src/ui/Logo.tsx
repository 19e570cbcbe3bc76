/** The space's logo, or its initials on its brand colour when it has none. */
export function Logo({ name, url, size = 40 }: { name: string; url: string | null; size?: number }) {
  if (url) return <img className="logo" src={url} alt="" width={size} height={size} />;
  const initials = name
    .replace(/^(la|le|les|l['’])\s*/i, '')
    .split(/[\s'’-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
  return (
    <span className="logo logo-initials" aria-hidden="true" style={{ width: size, height: size }}>
      {initials || 'L'}
    </span>
  );
}
