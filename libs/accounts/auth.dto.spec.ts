import 'reflect-metadata';
import { BadRequestException } from '@nestjs/common';
import { PortalValidationPipe } from '@pf/http';
import { SignUpDto } from './auth.controller';

const pipe = new PortalValidationPipe();
const signUp = {
  requestId: '6f1c8f7e-3b2a-4c1d-9e8f-1a2b3c4d5e6f',
  subscriberCode: 'SHB-12345-678901',
  civility: 'Mme',
  lastName: 'Durand',
  firstName: 'Sophie',
  email: 'sophie.durand@exemple.fr',
  password: 'Soleil-du-Matin-7',
  passwordConfirmation: 'Soleil-du-Matin-7',
  termsAccepted: true,
};

async function problems(body: object) {
  try {
    await pipe.transform(body, { type: 'body', metatype: SignUpDto });
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return ((error as BadRequestException).getResponse() as { details: Array<{ field: string; code: string; message: string }> }).details;
  }
}

describe('Sign-up form as the API reads it', () => {
  it('says the confirmation is missing when it is, not that the password is too long', async () => {
    const { passwordConfirmation: _omitted, ...withoutConfirmation } = signUp;
    expect(await problems(withoutConfirmation)).toEqual([{ field: 'passwordConfirmation', code: 'IS_STRING', message: 'La confirmation du mot de passe est obligatoire.' }]);
  });

  it('says the password is missing when it is', async () => {
    const { password: _omitted, ...withoutPassword } = signUp;
    expect(await problems(withoutPassword)).toEqual([{ field: 'password', code: 'IS_STRING', message: 'Le mot de passe est obligatoire.' }]);
  });

  it('says which of the two is too long', async () => {
    const long = 'Aa1'.repeat(43);
    expect(await problems({ ...signUp, passwordConfirmation: long })).toEqual([
      { field: 'passwordConfirmation', code: 'MAX_LENGTH', message: 'La confirmation du mot de passe ne doit pas dépasser 128 caractères.' },
    ]);
    expect(await problems({ ...signUp, password: long })).toEqual([{ field: 'password', code: 'MAX_LENGTH', message: 'Le mot de passe ne doit pas dépasser 128 caractères.' }]);
  });

  it('accepts a complete form', async () => {
    expect(await problems(signUp)).toEqual([]);
  });
});
