import { stationDoorCodeOf } from './stations';

describe('stationDoorCodeOf', () => {
  const url = 'https://app.example.cn/#/pages/stations/door/index?code=eyJzIjoiMSJ9.mac-_x';

  it('reads the code parameter of the door page', () => {
    expect(stationDoorCodeOf({ code: 'eyJzIjoiMSJ9.mac-_x' })).toBe('eyJzIjoiMSJ9.mac-_x');
    expect(stationDoorCodeOf({ code: 'a%2Eb' })).toBe('a.b');
  });

  it("reads the code of the full door URL WeChat's camera passes as q, encoded or already decoded", () => {
    expect(stationDoorCodeOf({ q: encodeURIComponent(url), scancode_time: '1765000000' })).toBe(
      'eyJzIjoiMSJ9.mac-_x',
    );
    expect(stationDoorCodeOf({ q: url })).toBe('eyJzIjoiMSJ9.mac-_x');
  });

  it('is empty when neither holds a code', () => {
    expect(stationDoorCodeOf({})).toBe('');
    expect(stationDoorCodeOf({ q: encodeURIComponent('https://app.example.cn/#/pages/home/index') })).toBe(
      '',
    );
    expect(stationDoorCodeOf({ q: '%E0%A4%A' })).toBe('');
  });
});
