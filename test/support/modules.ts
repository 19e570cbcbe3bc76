import { Browser, DEMO } from './http';

/**
 * Turns a demo space's modules on as its owner would in the settings (La Coloc' runs coworking
 * only): isolation tests need the other space to run the module, or its routes are simply absent.
 */
export async function runModules(url: string, host: string, ownerEmail: string, modules: string[]): Promise<void> {
  const owner = await new Browser(url, host).login(ownerEmail, DEMO.password);
  const res = await owner.fetch('/api/v1/tenant', { method: 'PATCH', json: { modules } });
  if (res.status !== 200) throw new Error(`runModules ${host}: ${res.status} ${await res.text()}`);
}
