// The activity lists' query, validated with this schema and described by it in the OpenAPI document.
import { z } from "zod";

export const activityQuery = z.object({
  before: z
    .string()
    .regex(/^[1-9][0-9]{0,14}$/, "`before` takes the id of an activity entry.")
    .optional()
    .meta({ description: "An entry's id: the page of entries older than it (100 per page).", example: "42" }),
});
