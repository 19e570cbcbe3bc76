import type { Module } from '@lieu/core';

// core's MODULES, in their one order, without core's schemas in the page's chunk.
export const ALL_MODULES: readonly Module[] = ['coworking', 'machines', 'events', 'shop', 'till'];

/**
 * The modules a space runs, as checkboxes with a line each on what comes with it (the space
 * sign-up and the owner's settings). At least one stays checked: the last one cannot be unchecked.
 */
export function ModuleChoice(p: {
  legend: string;
  value: readonly Module[];
  onChange: (next: Module[]) => void;
  label: (m: Module) => string;
  hint: (m: Module) => string;
  disabled?: boolean;
}) {
  const toggle = (m: Module, on: boolean) => p.onChange(ALL_MODULES.filter((x) => (x === m ? on : p.value.includes(x))));
  return (
    <fieldset className="modules" disabled={p.disabled}>
      <legend>{p.legend}</legend>
      {ALL_MODULES.map((m) => {
        const checked = p.value.includes(m);
        return (
          <label key={m} className="check module-choice">
            <input
              type="checkbox" name="modules" value={m} checked={checked}
              disabled={checked && p.value.length === 1}
              aria-describedby={`module-${m}-hint`}
              onChange={(e) => toggle(m, e.target.checked)}
            />
            <span><strong>{p.label(m)}</strong> <span className="hint" id={`module-${m}-hint`}>{p.hint(m)}</span></span>
          </label>
        );
      })}
    </fieldset>
  );
}
