import { mediaType, type SimRequest, type SimResponse } from '../core/http.ts';
import { JSON_API_MEDIA_TYPE, notAcceptable, unsupportedMediaType } from './errors.ts';

/**
 * 406 unless the client accepts `application/vnd.api+json` (docs, "Handling errors"). As in
 * jsonapi-resources, no Accept header or a `*\/*` entry is fine, while the JSON:API type with media
 * type parameters is not.
 */
export function checkAccept(request: SimRequest): SimResponse | undefined {
  const header = request.headers.accept;
  if (header === undefined || header.trim() === '') return undefined;
  const acceptable = header.split(',').some((entry) => {
    const [type, ...parameters] = entry.split(';').map((part) => part.trim().toLowerCase());
    const quality = parameters.every((parameter) => parameter.startsWith('q='));
    return type === '*/*' || (type === JSON_API_MEDIA_TYPE && quality);
  });
  return acceptable ? undefined : notAcceptable(header);
}

/**
 * 415 unless a create or update says `Content-Type: application/vnd.api+json` (docs). [I] A
 * `charset` parameter is tolerated: Rails compares the media type alone.
 */
export function checkContentType(request: SimRequest): SimResponse | undefined {
  const header = request.headers['content-type'];
  return mediaType(header) === JSON_API_MEDIA_TYPE ? undefined : unsupportedMediaType(header ?? '');
}
