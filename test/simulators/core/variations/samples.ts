/** Bodies in each vendor's documented shapes, as the simulators write them, for the transform tests. */
export const commerceLayerList = {
  data: ['aaa', 'bbb', 'ccc'].map((id, index) => ({
    id,
    type: 'imports',
    links: { self: `http://127.0.0.1/api/imports/${id}` },
    attributes: {
      resource_type: 'skus',
      format: 'json',
      status: index === 0 ? 'pending' : 'completed',
      started_at: index === 0 ? null : '2026-11-02T09:00:01.250Z',
      completed_at: index === 0 ? null : '2026-11-02T09:01:00.000Z',
      interrupted_at: null,
      inputs_size: 10,
      processed_count: index === 0 ? null : 9,
      errors_count: index === 0 ? null : 1,
      warnings_count: 0,
      errors_log: {
        ABC: { name: ['has already been taken', 'is too short'] },
        DEF: { code: ['is invalid'] },
      },
      warnings_log: { GHI: ['could not be deleted'] },
      created_at: '2026-11-02T09:00:00.000Z',
      updated_at: '2026-11-02T09:01:00.000Z',
    },
    relationships: { events: { links: { self: 'http://127.0.0.1/x', related: 'http://127.0.0.1/y' } } },
    meta: { mode: 'test', organization_id: 'org' },
  })),
  meta: { record_count: 3, page_count: 1 },
  links: { first: 'http://127.0.0.1/api/imports?page[number]=1', last: 'http://127.0.0.1/api/imports' },
};

export const fleetioPage = {
  start_cursor: null,
  next_cursor: 'eyJ2IjpbMV19',
  per_page: 2,
  estimated_remaining_count: 5,
  filtered_by: [{ status: { include: 'complete' } }],
  sorted_by: [{ id: 'desc' }],
  records: [31007, 31006].map((id) => ({
    id,
    completed_at: id === 31007 ? null : '2026-11-02T03:00:00.123-06:00',
    file_name: 'vehicles.csv',
    file_size: '18342',
    note: null,
    type: 'VehicleImport',
    status: 'complete',
    created_at: '2026-11-02T03:00:00.000-06:00',
    updated_at: '2026-11-02T03:00:00.123-06:00',
  })),
};

export const sailpointResults = {
  results: {
    SOURCE: {
      infos: [
        { key: 'a', text: 'one', details: {} },
        { key: 'b', text: 'two', details: {} },
      ],
      warnings: [],
      errors: [{ key: 'c', text: 'three', details: { id: 'x' } }],
      importedObjects: [
        { type: 'SOURCE', id: '1', name: 'one' },
        { type: 'SOURCE', id: '2', name: 'two' },
      ],
    },
  },
  exportJobId: 'e-1',
};
