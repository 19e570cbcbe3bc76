/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { events, members } from '@lieu/api';
import { Browser as HttpSession, DEMO, hosts } from '../support/http';
import { at, screenshot, seriousViolations, useBrowserEnv } from './browser';

/** Events in the portal, on La Machinerie's demo events: a free café (8 places) and a laser training (4 places, members only). */
const s = useBrowserEnv();

describe('events in the portal', () => {
  it('a member registers for an event, joins the waitlist of a full one, and sees both among their tickets', async () => {
    // The fab manager fills the laser training (4 places) with four other people of the space.
    const desk = await new HttpSession(s.env.url, hosts.machinerie).login(DEMO.machinerie.operator, DEMO.password);
    const listed = await desk.api.call(events.publicEvents, { query: { limit: 25 } } as never);
    const training = listed.items.find((e) => e.title === 'Formation découpe laser')!;
    expect(training).toBeDefined();
    const people = (await desk.api.call(members.listMembers, { query: { limit: 50 } } as never)).items.filter((u) => u.email !== DEMO.machinerie.member2);
    for (const u of people.slice(0, 4)) {
      await desk.api.call(events.registerSomeone, { params: { eventId: training.id }, body: { memberId: u.id } } as never);
    }

    const ctx = await s.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(at(s.env.url, hosts.machinerie, '/login'));
    await page.getByLabel('Email').fill(DEMO.machinerie.member2);
    await page.getByLabel('Mot de passe').fill(DEMO.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: /^Bonjour/ }).waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'Événements' }).click();
    await page.getByRole('heading', { name: 'Événements', level: 1 }).waitFor();
    const tickets = page.locator('section', { has: page.getByRole('heading', { name: 'Mes billets' }) });
    await tickets.getByText('Vous n’êtes inscrit·e à aucun événement à venir.').waitFor();
    const laserCard = page.locator('li.event', { hasText: 'Formation découpe laser' });
    await laserCard.getByText('Complet : liste d’attente').waitFor();
    await laserCard.getByText('30,00 € · Réservé aux membres').waitFor();

    // A free café: registered.
    await page.getByRole('link', { name: /^Voir l’événement : Café pédagogique/ }).first().click();
    await page.getByRole('heading', { name: 'Café pédagogique', level: 1 }).waitFor();
    await page.getByText('8 places restantes sur 8').waitFor();
    await page.getByRole('button', { name: 'S’inscrire' }).click();
    await page.getByRole('status').getByText('Vous êtes inscrit·e.').waitFor();
    await page.getByText('7 places restantes sur 8').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'events-01-registered');

    // The full training: the waitlist, first in line.
    await page.getByRole('link', { name: 'Tous les événements' }).click();
    await laserCard.getByRole('link', { name: /^Voir l’événement/ }).click();
    await page.getByRole('heading', { name: 'Formation découpe laser', level: 1 }).waitFor();
    await page.getByText('Donne l’habilitation : Découpe laser — bases').waitFor();
    await page.getByRole('button', { name: 'Rejoindre la liste d’attente' }).click();
    await page.getByRole('status').getByText(/^Vous êtes sur la liste d’attente, en position 1/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'events-02-waitlisted');

    // My tickets: both.
    await page.getByRole('link', { name: 'Tous les événements' }).click();
    await tickets.locator('li.ticket', { hasText: 'Café pédagogique' }).getByText('Inscrit·e', { exact: true }).waitFor();
    await tickets.locator('li.ticket', { hasText: 'Formation découpe laser' }).getByText('Liste d’attente, position 1').waitFor();
    expect(await tickets.locator('li.ticket').count()).toBe(2);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'events-03-my-tickets');
    await ctx.close();
  }, 60_000);
});
