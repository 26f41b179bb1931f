import type { RecoveryBrief } from '../../api/types';
import { money, percent } from '../../components/format';

/** The top N rows of the week's workqueue, each routed to an owner group with its evidence. */
export function WorkqueueTable({
  items,
  financial,
}: {
  items: RecoveryBrief['workqueue'];
  financial: boolean;
}) {
  return (
    <section aria-labelledby="wq-h">
      <h2 id="wq-h">Workqueue (top {items.length})</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Rank</th>
              <th scope="col">Claim</th>
              <th scope="col">Group</th>
              <th scope="col">PRCSG</th>
              <th scope="col">Aging</th>
              <th scope="col">p(denial)</th>
              {financial && <th scope="col">Denied (proxy)</th>}
              <th scope="col">Owner group</th>
              <th scope="col">Evidence required before first touch</th>
              <th scope="col">Next best action</th>
            </tr>
          </thead>
          <tbody>
            {items.map((w) => (
              <tr key={w.rank}>
                <td className="num">{w.rank}</td>
                <th scope="row">{w.claimRef}</th>
                <td>{w.group}</td>
                <td>{w.prcsg}</td>
                <td>
                  {w.agingDays} d ({w.agingBand})
                </td>
                <td className="num">{percent(w.pDenial)}</td>
                {financial && <td className="num">{w.deniedAmount ? money(w.deniedAmount.cents) : '—'}</td>}
                <td>{w.ownerGroup}</td>
                <td>{w.evidenceRequired}</td>
                <td>{w.nextBestAction}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
