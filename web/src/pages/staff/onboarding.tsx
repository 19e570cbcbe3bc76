import { Link } from 'wouter';
import { usePageI18n } from '../../app/i18n';
import { useTenant } from '../../app/site';
import { PageTitle } from '../../ui/Layout';
import { RequireUser } from '../../ui/guards';
import { useOnboardingSteps } from '../onboardingSummary';

export default function OnboardingPage() {
  return (
    <RequireUser staff>
      <Checklist />
    </RequireUser>
  );
}

function Checklist() {
  const { t } = usePageI18n('backOffice', 'book');
  const tenant = useTenant();
  const steps = useOnboardingSteps(tenant);
  const done = steps.filter((s) => s.done).length;
  return (
    <>
      <PageTitle>{t('onboarding.title')}</PageTitle>
      <p>{t('onboarding.intro')}</p>
      <progress max={steps.length} value={done} aria-label={t('onboarding.progress', { done, total: steps.length })} />
      <p>{t('onboarding.progress', { done, total: steps.length })}</p>
      <ol className="checklist">
        {steps.map((s) => (
          <li key={s.key} className={s.done ? 'done' : undefined}>
            <span className="check" aria-hidden="true">{s.done ? '✓' : ''}</span>
            <span className="step-label">{t(s.key)}</span>
            <span className={`status ${s.done ? 'status-active' : ''}`}>{t(s.done ? 'onboarding.done' : s.href ? 'onboarding.todo' : 'onboarding.soon')}</span>
            {s.href && <Link href={s.href} className="button small" aria-label={`${t('onboarding.go')} : ${t(s.key)}`}>{t('onboarding.go')}</Link>}
          </li>
        ))}
      </ol>
    </>
  );
}
