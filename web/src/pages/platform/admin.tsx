import { useInfiniteQuery } from '@tanstack/react-query';
import { tenant as tenantApi } from '@lieu/api';
import { call, keyOf, queryClient, useApiMutation } from '../../app/api';
import { ErrorNote } from '../../app/forms';
import { usePageI18n } from '../../app/i18n';
import { useMe } from '../../app/site';
import { Loading, PageTitle } from '../../ui/Layout';
import { Redirect } from 'wouter';

/** Platform admins: every space, newest first, with suspend / reactivate. */
export default function AdminSpaces() {
  const { t, fmt } = usePageI18n('platform');
  const { user, loading } = useMe();
  const spaces = useInfiniteQuery({
    queryKey: keyOf(tenantApi.listTenants, 'all'),
    queryFn: ({ pageParam }) => call(tenantApi.listTenants, { query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !!user,
  });
  const setStatus = useApiMutation(tenantApi.setTenantStatus, () => void queryClient.invalidateQueries({ queryKey: keyOf(tenantApi.listTenants, 'all') }));

  if (loading) return <Loading />;
  if (!user) return <Redirect to="/login" />;
  const items = spaces.data?.pages.flatMap((p) => p.items) ?? [];
  const port = window.location.port ? `:${window.location.port}` : '';
  return (
    <>
      <PageTitle>{t('admin.title')}</PageTitle>
      <ErrorNote error={spaces.error ?? setStatus.error} />
      {spaces.isPending ? <Loading /> : items.length === 0 ? <p>{t('admin.empty')}</p> : (
        <div className="table-scroll">
          <table className="data">
            <thead>
              <tr><th scope="col">{t('form.name')}</th><th scope="col">{t('admin.slug')}</th><th scope="col">{t('admin.status')}</th><th scope="col">{t('admin.created')}</th><th scope="col">{t('list.actions')}</th></tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id}>
                  <td>{s.name}</td>
                  <td><a href={`${window.location.protocol}//${s.slug}.${window.location.hostname}${port}`}>{s.slug}</a></td>
                  <td><span className={`status status-${s.status}`}>{t(`admin.status.${s.status}`)}</span></td>
                  <td>{fmt.date(s.createdAt, 'short')}</td>
                  <td>
                    {s.status === 'active' ? (
                      <button type="button" className="button small" aria-label={t('admin.suspendName', { name: s.name })}
                        onClick={() => setStatus.mutate({ params: { tenantId: s.id }, body: { status: 'suspended' } })}>{t('admin.suspend')}</button>
                    ) : (
                      <button type="button" className="button small" aria-label={t('admin.reactivateName', { name: s.name })}
                        onClick={() => setStatus.mutate({ params: { tenantId: s.id }, body: { status: 'active' } })}>{t('admin.reactivate')}</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {spaces.hasNextPage && <button type="button" className="button" onClick={() => void spaces.fetchNextPage()}>{t('list.more')}</button>}
    </>
  );
}
