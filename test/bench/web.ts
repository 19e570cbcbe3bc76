import { BOOKING_PAGE_PAINTED, at, firstLoadGzip, firstRenderSamples, launchBrowser, median, memberContext } from '../support/webMetrics';
import { DEMO, hosts } from '../support/http';
import { runOnboarding } from '../support/onboardingFlow';
import type { BenchServer } from './roundTrips';
import type { BenchResult } from './types';

const RUNS = 9;

/**
 * The portal's figures: the gzip size of the JavaScript and CSS of a member's first page load
 * (web/dist's index.html and what it names, the same computation as test/e2e/tenants.test.ts), and
 * the median time to first render of the booking page (navigation → first slot of the grid on screen)
 * in headless Chromium against the bench's local server, over RUNS loads of a signed-in member.
 * And the time from the platform's home to a new space's member's first booking: the onboarding
 * browser test's own flow (test/support/onboardingFlow.ts), counting only what its two people wait
 * for on screen (the test's checks and mailbox reads are outside its steps).
 * The portal is built (if stale) by run.ts before the server starts, as the server reads index.html then.
 */
export async function benchWeb(s: BenchServer): Promise<BenchResult[]> {
  const load = firstLoadGzip();
  const browser = await launchBrowser();
  try {
    const host = hosts.machinerie;
    const home = await browser.newContext();
    const homeTimes = await firstRenderSamples(home, at(s.url, host, '/'), { selector: 'h1', text: 'La Machinerie' }, RUNS);
    await home.close();
    const member = await memberContext(browser, s.url, host, DEMO.machinerie.member, DEMO.password);
    const bookTimes = await firstRenderSamples(member, at(s.url, host, '/book'), BOOKING_PAGE_PAINTED, RUNS);
    await member.close();
    const onboarding = await runOnboarding(browser, s.url, `bench-onboarding-${Date.now().toString(36)}`);
    await onboarding.close();
    console.log(`onboarding steps (s): ${onboarding.steps.map((x) => `${x.name} ${(x.ms / 1000).toFixed(1)}`).join(', ')}`);
    const kb = (bytes: number) => +(bytes / 1024).toFixed(1);
    return [
      { name: 'web.first_load_js_gzip', value: kb(load.jsBytes), unit: `KB gzip (${load.files.filter((f) => f.endsWith('.js')).length} scripts of index.html)`, target: 100, better: 'lower' },
      { name: 'web.first_load_css_gzip', value: kb(load.cssBytes), unit: 'KB gzip', target: null, better: 'lower' },
      { name: 'web.home_first_render_median', value: Math.round(median(homeTimes)), unit: `ms (headless Chromium, local server, median of ${RUNS}; the space's name painted)`, target: null, better: 'lower' },
      { name: 'web.onboarding_to_first_booking', value: +(onboarding.userVisibleMs / 1000).toFixed(1), unit: `s (user-visible steps of the onboarding browser test: platform home → space created → settings, desk, invitation → the member accepts on a phone → first booking; ${onboarding.steps.length} steps)`, target: 120, better: 'lower' },
      { name: 'web.booking_page_first_render_median', value: Math.round(median(bookTimes)), unit: `ms (signed-in member, navigation → first slot on screen, median of ${RUNS})`, target: null, better: 'lower' },
    ];
  } finally {
    await browser.close();
  }
}
