// Test support shared by the campaign specs: the campaign's JSON shape and the fields a problem names.

export interface CampaignJson {
  id: string;
  name: string;
  status: string;
  stepCount: number;
  leadCount: number;
  [field: string]: unknown;
}

/** The fields a problem+json answer names, sorted. */
export const fieldsOf = (response: { json: <T>() => T }) =>
  response
    .json<{ errors?: { field: string }[] }>()
    .errors?.map((e) => e.field)
    .sort() ?? [];
