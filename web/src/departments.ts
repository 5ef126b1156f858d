/**
 * One colour per department, the same on every page and chart. Each passes WCAG AA (≥ 4.5:1)
 * as white text on the colour and as text on the page background; colour is never the only
 * cue — the department's name is always written next to it.
 */
export const DEPARTMENT_COLOURS: Record<string, string> = {
  marketing: '#A3296E',
  sales: '#1C5FAF',
  service: '#B04A00',
  logistics: '#2B7A34',
  billing: '#6B4BA3',
};

export const OTHER_COLOUR = '#5A5F66';

/** The five departments the demo company has, in the default policy's priority order. */
export const KNOWN_DEPARTMENTS = ['service', 'logistics', 'billing', 'sales', 'marketing'] as const;

export function departmentColour(department: string): string {
  return DEPARTMENT_COLOURS[department.toLowerCase()] ?? OTHER_COLOUR;
}

/** A translucent tint of a department colour for backgrounds behind dark text. */
export function departmentTint(department: string, alpha = 0.12): string {
  const hex = departmentColour(department).slice(1);
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
