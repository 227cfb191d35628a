import { HOUR, MIN, publicIp, type DayCtx } from '../context.js';
import { readdress } from '../formats/corpus.js';
import { vpnLine, winLogonLine } from '../formats/ecs-auth.js';
import { mailDate } from '../formats/time.js';
import { httpLine, smbFileLine } from '../formats/zeek.js';
import { connect, lookupAndConnect } from '../activity/network.js';
import type { Incident } from '../labels.js';
import type { Rng } from '../rng.js';
import type { Staff } from '../world/types.js';
import { incidentCount, spreadDays, type PlannedRun, type ScenarioDef } from './types.js';

const LURES = ['Action required: your mailbox is almost full', 'Payroll update: confirm your direct deposit', 'Shared document: Q1 staffing plan', 'Your password expires today'];

/** A phishing message: from the Nazario corpus when present (re-addressed), else a generated lure. */
function phishMail(ctx: DayCtx, rng: Rng, to: Staff, t: number, domain: string, attachment: boolean): string {
  const mx = `mail01.${ctx.world.domain}`;
  if (!attachment && ctx.corpus.phish.length) return readdress(rng.pick(ctx.corpus.phish), to.email, mailDate(t), mx, `${ctx.ids.seq()}.phish@${domain}`);
  const subject = attachment ? 'Invoice overdue - see attached' : rng.pick(LURES);
  const body = attachment
    ? `--b1\nContent-Type: text/plain\n\nPlease review the attached invoice today.\n--b1\nContent-Type: application/vnd.ms-word.document.macroEnabled.12; name="invoice_4471.docm"\nContent-Disposition: attachment; filename="invoice_4471.docm"\nContent-Transfer-Encoding: base64\n\nUEsDBBQABgAIAAAAIQ==\n--b1--\n`
    : `Content-Type: text/plain\n\nDear ${to.given},\nPlease verify your account at https://${domain}/login within 24 hours.\n`;
  const head = `From: "IT Service Desk" <support@${domain}>\nSubject: ${subject}\nMIME-Version: 1.0\n${attachment ? 'Content-Type: multipart/mixed; boundary="b1"\n' : ''}`;
  return readdress(`${head}\n${body}`, to.email, mailDate(t), mx, `${ctx.ids.seq()}.phish@${domain}`);
}

function lureDomain(rng: Rng, org: string): string {
  return `${org.split('.')[0]}-${rng.pick(['secure', 'verify', 'portal', 'account'])}.${rng.pick(['info', 'top', 'xyz', 'online'])}`;
}

/**
 * Phishing → credential theft → login from a new country (T1566.002, T1078, T1133): a lure,
 * the click and the posted form, then a VPN login with the stolen password from abroad and
 * mailbox access from the VPN address.
 */
export const phishNewCountry: ScenarioDef = {
  name: 'phish-new-country',
  description: 'phishing link, credentials posted to a fake login page, VPN login with them from a new country',
  techniques: ['T1566.002', 'T1078', 'T1133'],
  plan(p) {
    return spreadDays(p.rng, p.days, incidentCount(p.days, 0.5)).map((day, k): PlannedRun => {
      const rng = p.rng.fork(`phish:${k}`);
      const pool = p.world.staff.filter((s) => s.role !== 'it_admin');
      const victim = rng.pick(pool.length ? pool : p.world.staff);
      const domain = lureDomain(rng, p.world.domain);
      const country = rng.pick(['RU', 'NG', 'VN', 'CN']);
      const attacker = publicIp(rng, country);
      const lureIp = publicIp(rng, rng.pick(['RU', 'BR']));
      const inc = p.incident('phish-new-country', this.techniques, `credential phishing of ${victim.username}, VPN login from ${country}`);
      inc.entity('user', victim.username).entity('ip', attacker).entity('ip', lureIp).entity('email', victim.email);
      return {
        day, incident: inc,
        run(ctx, i) {
          const t = ctx.t0 + rng.int(7, 15) * HOUR + rng.int(0, 59) * MIN;
          ctx.emit('mail', t, phishMail(ctx, rng, victim, t, domain, false), i);
          const ws = ctx.world.workstations.find((w) => w.name === victim.workstation) ?? rng.pick(ctx.world.workstations);
          const click = t + rng.int(5, 90) * MIN;
          lookupAndConnect(ctx, click, ws.ip, domain, lureIp, 80, 'http', [rng.int(900, 3000), rng.int(8000, 40000)], 4, i);
          ctx.emit('zeek-http', click + 900, httpLine(click + 900, ctx.ids.uid(), ws.ip, rng.int(49152, 65535), lureIp, 80, 'POST', domain, '/login.php', 302, rng.int(60, 200), 0, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)'), i);
          const login = click + rng.int(1, Math.max(1, Math.round(20 - 18 * p.intensity))) * HOUR;
          ctx.emit('vpn', login, vpnLine({ t: login, user: victim.username, sourceIp: attacker, country, success: true, host: 'vpn01' }), i);
          const pool = `10.99.${rng.int(0, 3)}.${rng.int(2, 250)}`;
          i.entity('ip', pool);
          const mail = ctx.world.servers.find((s) => s.role === 'mail')!;
          for (let k2 = 0, n = Math.round(2 + 10 * p.intensity); k2 < n; k2++) {
            connect(ctx, login + (k2 + 1) * rng.int(2, 8) * MIN, pool, mail.ip, 443, 'ssl', [rng.int(5_000, 40_000), rng.int(2_000_000, 40_000_000)], 120, i);
          }
          const domainName = ctx.world.domain.split('.')[0]!.toUpperCase();
          ctx.emit('windows', login + 90_000, winLogonLine({ t: login + 90_000, user: victim.username, domain: domainName, sourceIp: pool, host: 'dc01', success: true, logonType: 3 }), i);
        },
      };
    });
  },
};

function emitLateral(ctx: DayCtx, rng: Rng, i: Incident, t: number, src: string, admin: string, intensity: number): number {
  const domainName = ctx.world.domain.split('.')[0]!.toUpperCase();
  const targets = rng.sample([...ctx.world.servers.filter((s) => s.os === 'windows'), ...ctx.world.workstations.map((w) => ({ name: w.name, ip: w.ip }))], Math.round(3 + 25 * intensity));
  for (const tg of targets) {
    t += rng.int(20, 200) * 1000;
    const rdp = rng.chance(0.25);
    if (rng.chance(0.2)) ctx.emit('windows', t - 5000, winLogonLine({ t: t - 5000, user: admin, domain: domainName, sourceIp: src, host: tg.name, success: false, logonType: rdp ? 10 : 3, subStatus: '0xC000006A' }), i);
    ctx.emit('windows', t, winLogonLine({ t, user: admin, domain: domainName, sourceIp: src, host: tg.name, success: true, logonType: rdp ? 10 : 3 }), i);
    connect(ctx, t, src, tg.ip, rdp ? 3389 : 445, rdp ? 'rdp' : 'smb', [rng.int(20_000, 400_000), rng.int(20_000, 900_000)], rng.int(10, 600), i);
  }
  return t;
}

/**
 * Ransomware chain (T1566.001, T1204.002, T1046, T1021.002, T1021.001, T1486, T1041): a
 * macro attachment, the payload download, an internal scan, lateral movement with a stolen
 * admin account over SMB and RDP, bulk exfiltration, then mass file rewrites on the file server.
 */
export const ransomware: ScenarioDef = {
  name: 'ransomware',
  description: 'phish with macro → payload → discovery scan → lateral SMB/RDP with an admin account → exfiltration → mass file changes',
  techniques: ['T1566.001', 'T1204.002', 'T1046', 'T1021.002', 'T1021.001', 'T1041', 'T1486'],
  plan(p) {
    return spreadDays(p.rng, p.days, Math.max(1, Math.round(p.days / 30))).map((day, k): PlannedRun => {
      const rng = p.rng.fork(`ransomware:${k}`);
      const office = p.world.staff.filter((s) => s.workstation && s.role !== 'it_admin');
      const victim = rng.pick(office.length ? office : p.world.staff);
      const admins = p.world.staff.filter((s) => s.role === 'it_admin');
      const admin = admins.length ? rng.pick(admins).username : 'administrator';
      const c2 = publicIp(rng, rng.pick(['RU', 'CN']));
      const domain = lureDomain(rng, p.world.domain);
      const ws = p.world.workstations.find((w) => w.name === victim.workstation) ?? rng.pick(p.world.workstations);
      const inc = p.incident('ransomware', this.techniques, `ransomware from ${victim.username}'s workstation using ${admin}`);
      inc.entity('user', victim.username).entity('user', admin).entity('ip', ws.ip).entity('host', ws.name).entity('ip', c2).entity('email', victim.email);
      return {
        day, incident: inc,
        run(ctx, i) {
          let t = ctx.t0 + rng.int(8, 11) * HOUR + rng.int(0, 59) * MIN;
          ctx.emit('mail', t, phishMail(ctx, rng, victim, t, domain, true), i);
          t += rng.int(10, 60) * MIN;
          lookupAndConnect(ctx, t, ws.ip, `cdn.${domain}`, c2, 80, 'http', [rng.int(500, 900), rng.int(300_000, 900_000)], 3, i);
          ctx.emit('zeek-http', t + 800, httpLine(t + 800, ctx.ids.uid(), ws.ip, rng.int(49152, 65535), c2, 80, 'GET', `cdn.${domain}`, '/update/kb5031.bin', 200, 0, rng.int(300_000, 900_000), 'Microsoft Office/16.0'), i);
          // Beacon to the command server every few minutes.
          for (let b = 0; b < 30; b++) connect(ctx, t + (b + 1) * rng.int(240, 360) * 1000, ws.ip, c2, 443, 'ssl', [rng.int(300, 900), rng.int(200, 2000)], 1, i);
          // Discovery: a scan of the internal network.
          t += rng.int(1, 3) * HOUR;
          for (let s = 0, n = Math.round(40 + 460 * ctx.rng.next() * p.intensity + 40); s < n; s++) {
            const dst = `10.20.${rng.int(0, 3)}.${rng.int(2, 250)}`;
            connect(ctx, t + s * rng.int(50, 400), ws.ip, dst, rng.pick([445, 135, 3389]), undefined, [0, 0], 0.001, i, rng.chance(0.7) ? 'REJ' : 'S0');
          }
          t = emitLateral(ctx, rng, i, t + 20 * MIN, ws.ip, admin, p.intensity);
          // Exfiltration, then the encryption burst on the file share.
          const fs = ctx.world.servers.find((x) => x.role === 'file')!;
          t += rng.int(20, 90) * MIN;
          for (let e = 0; e < 6; e++) connect(ctx, t + e * 10 * MIN, fs.ip, c2, 443, 'ssl', [Math.round(8e8 * (0.3 + p.intensity)), rng.int(40_000, 90_000)], 580, i);
          t += 70 * MIN;
          for (let e = 0, n = Math.round(20 + 180 * p.intensity); e < n; e++) {
            const big = rng.int(20_000_000, 200_000_000);
            const te = t + e * rng.int(5, 25) * 1000;
            connect(ctx, te, ws.ip, fs.ip, 445, 'smb', [big, big + rng.int(0, 1_000_000)], rng.int(10, 60), i);
            // Each session rewrites a folder: files renamed to the encrypted extension, a ransom note dropped beside them.
            const dir = `shared\\${rng.pick(['Finance', 'HR', 'Radiology', 'Admin', 'Quality'])}\\${rng.hex(4)}`;
            for (let f = 0, m = rng.int(3, 12); f < m; f++) {
              const name = `${dir}\\${rng.pick(['minutes', 'rota', 'budget', 'scan', 'report'])}-${rng.int(1, 900)}.${rng.pick(['docx', 'xlsx', 'pdf'])}`;
              ctx.emit('zeek-smb-files', te + f * 200, smbFileLine(te + f * 200, ctx.ids.uid(), ws.ip, fs.ip, 'SMB::FILE_RENAME', `${name}.locked`, rng.int(20_000, 5_000_000), name), i);
            }
            if (e % 10 === 0) ctx.emit('zeek-smb-files', te + 3000, smbFileLine(te + 3000, ctx.ids.uid(), ws.ip, fs.ip, 'SMB::FILE_WRITE', `${dir}\\HOW_TO_DECRYPT_FILES.txt`, 2_114), i);
          }
        },
      };
    });
  },
};
