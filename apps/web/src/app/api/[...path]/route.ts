import { AppError } from "@/server/errors";
import { route } from "@/server/http/route";

// Unknown API paths answer problem+json like every other API error, not Next's HTML 404.
const notFound = route(async (request) => {
  throw new AppError("not-found", `No API resource at ${new URL(request.url).pathname}.`);
});

export { notFound as GET, notFound as HEAD, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as OPTIONS };
