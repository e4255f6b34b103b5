import { cn } from "@trade/ui";

/**
 * The product's picture, or a calm generated placeholder (colour from the id, initials of the
 * title) when the merchant gave none, so the grid never shows broken images.
 */
export function ProductImage({
  id,
  title,
  imageUrl,
  className,
  priority = false,
}: {
  id: number;
  title: string;
  imageUrl: string | null;
  className?: string;
  priority?: boolean;
}) {
  if (imageUrl) {
    return (
      <img
        src={imageUrl}
        alt={title}
        loading={priority ? "eager" : "lazy"}
        decoding="async"
        className={cn("size-full bg-zinc-100 object-cover", className)}
      />
    );
  }
  const hue = (id * 47) % 360;
  const initials = title
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join("");
  return (
    <div
      role="img"
      aria-label={title}
      className={cn("grid size-full place-items-center", className)}
      style={{ background: `linear-gradient(135deg, hsl(${hue} 70% 92%), hsl(${(hue + 40) % 360} 65% 82%))` }}
    >
      <span
        aria-hidden="true"
        className="text-3xl font-semibold tracking-tight"
        style={{ color: `hsl(${hue} 45% 30%)` }}
      >
        {initials}
      </span>
    </div>
  );
}
