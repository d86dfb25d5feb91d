/** 'integrator' is another software of the commune, authenticated by an API key (never by a session). */
export type Role = 'guardian' | 'staff' | 'admin' | 'integrator';
