import { profileFromArgs } from './create-commune';

const args = (extra: string[] = []) => ['--id', 'matrice-sur-loire', '--name', 'Matrice-sur-Loire', '--zone', 'a', '--prefix', 'MSL', '--service-email', 'enfance@matrice.fr', ...extra];

describe('npm run commune:create, its command line', () => {
  it('reads a commune with the default service name and time zone', () => {
    expect(profileFromArgs(args())).toEqual({
      communeId: 'matrice-sur-loire',
      name: 'Matrice-sur-Loire',
      timeZone: 'Europe/Paris',
      schoolZone: 'A',
      subscriberCodePrefix: 'MSL',
      serviceName: 'Service enfance',
      serviceEmail: 'enfance@matrice.fr',
    });
  });

  it('names what is missing', () => {
    expect(() => profileFromArgs(['--id', 'x'])).toThrow(/Missing --name, --zone, --prefix, --service-email/);
  });

  it('refuses a school zone, an e-mail or a time zone that does not exist', () => {
    expect(() => profileFromArgs(args(['--zone', 'D']))).toThrow(/--zone must be A, B or C/);
    expect(() => profileFromArgs(args(['--service-email', 'enfance']))).toThrow(/--service-email/);
    expect(() => profileFromArgs(args(['--time-zone', 'Europe/Nulle-Part']))).toThrow(/--time-zone/);
  });
});
