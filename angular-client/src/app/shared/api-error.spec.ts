import { HttpErrorResponse } from '@angular/common/http';
import { FormArray, FormControl, FormGroup } from '@angular/forms';
import { applyServerErrors, isDefinitiveRejection, toApiError } from './api-error';

describe('API errors', () => {
  it('keeps the French message, the code and the field details of the API', () => {
    const error = toApiError(
      new HttpErrorResponse({
        status: 422,
        error: {
          statusCode: 422,
          code: 'VALIDATION_FAILED',
          message: 'Certaines informations sont manquantes ou invalides.',
          details: [{ field: 'email', code: 'IS_EMAIL', message: 'Adresse e-mail invalide.' }],
        },
      }),
    );
    expect(error).toEqual({
      statusCode: 422,
      code: 'VALIDATION_FAILED',
      message: 'Certaines informations sont manquantes ou invalides.',
      details: [{ field: 'email', code: 'IS_EMAIL', message: 'Adresse e-mail invalide.' }],
    });
    expect(isDefinitiveRejection(error)).toBe(true);
  });

  it('explains in French when the server cannot be reached, and lets the same request be retried', () => {
    const error = toApiError(new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') }));
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.message).toContain('injoignable');
    expect(isDefinitiveRejection(error)).toBe(false);
  });

  it('puts each problem next to its field, nested or in a list, and returns the others', () => {
    const form = new FormGroup({
      guardian: new FormGroup({ email: new FormControl('') }),
      children: new FormArray([new FormGroup({ birthDate: new FormControl('') })]),
    });
    const rest = applyServerErrors(form, [
      { field: 'guardian.email', code: 'IS_EMAIL', message: 'Adresse e-mail invalide.' },
      { field: 'children[0].birthDate', code: 'IS_ISO8601', message: 'Date invalide.' },
      { field: 'requestId', code: 'IS_UUID', message: 'Identifiant invalide.' },
    ]);
    expect(form.get('guardian.email')?.errors).toEqual({ server: 'Adresse e-mail invalide.' });
    expect(form.get('children.0.birthDate')?.errors).toEqual({ server: 'Date invalide.' });
    expect(rest.map((p) => p.field)).toEqual(['requestId']);
  });
});
