package io.crosscheck.common;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/** The `?page=&size=` query parameters shared by every list endpoint (size 1–1000, default 50). */
public class PageRequest {

    @QueryParam("page")
    @DefaultValue("0")
    @Min(value = 0, message = "must be 0 or more")
    public int page;

    @QueryParam("size")
    @DefaultValue("50")
    @Min(value = 1, message = "must be between 1 and 1000")
    @Max(value = 1000, message = "must be between 1 and 1000")
    public int size;

    public int offset() {
        return page * size;
    }

    public static PageRequest of(int page, int size) {
        PageRequest p = new PageRequest();
        p.page = page;
        p.size = size;
        return p;
    }
}
