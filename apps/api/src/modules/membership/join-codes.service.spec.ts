import { isLocalUrl } from './join-codes.service';

describe('isLocalUrl (the join QR codes warn when PUBLIC_APP_URL points at this machine)', () => {
  it.each([
    'http://localhost:3000',
    'http://LOCALHOST',
    'http://app.localhost:8080/',
    'http://127.0.0.1:3000',
    'http://127.8.9.10',
    'http://0.0.0.0:3000',
    'http://[::1]:3000',
  ])('%s is local', (url) => {
    expect(isLocalUrl(url)).toBe(true);
  });

  it.each([
    'https://union.example.cn',
    'http://192.168.1.20:3000',
    'http://localhost.example.com',
    'https://127.example.cn',
  ])('%s is not', (url) => {
    expect(isLocalUrl(url)).toBe(false);
  });
});
