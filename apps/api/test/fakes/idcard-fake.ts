import { startFake, type FakeServer } from './http-fake';

/**
 * A fake of the two-factor identity check (身份证二要素) contract HttpIdentityVerifier speaks: POST /idcard/verify,
 * `Authorization: APPCODE <code>`, form body idCard + name. Its registry is `people` (ID number → name); other
 * valid-looking numbers answer "no record". Names starting with 故障 make it answer a business error, 超时 stall.
 */
export function startIdCardFake(options: {
  appCode: string;
  people: Record<string, string>;
  slowMs?: number;
}): Promise<FakeServer> {
  return startFake(async (req, body, res) => {
    const json = (status: number, payload: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(payload));
    };
    if (req.method !== 'POST' || req.url !== '/idcard/verify') return json(404, { message: 'not found' });
    if (req.headers.authorization !== `APPCODE ${options.appCode}`) {
      return json(403, { message: 'Invalid AppCode' });
    }
    if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
      return json(400, { message: 'form body expected' });
    }
    const form = new URLSearchParams(body);
    const idCard = form.get('idCard') ?? '';
    const name = form.get('name') ?? '';
    if (name.startsWith('超时')) await new Promise((r) => setTimeout(r, options.slowMs ?? 1000));
    if (name.startsWith('故障')) return json(200, { code: '20310', message: '姓名格式不正确' });
    if (!/^\d{17}[\dX]$/.test(idCard)) return json(200, { code: '20301', message: '身份证号格式不正确' });
    const registered = options.people[idCard];
    const res_ = registered === undefined ? '3' : registered === name ? '1' : '2';
    const description = { '1': '一致', '2': '不一致', '3': '无记录' }[res_];
    return json(200, {
      code: '0',
      message: '成功',
      result: { name, idcard: idCard, res: res_, description },
    });
  });
}
