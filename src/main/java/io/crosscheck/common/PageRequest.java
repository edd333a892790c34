package io.crosscheck.common;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/**
 * The `?page=&size=` query parameters shared by every list endpoint (size 1–1000, default 50; page 0–{@value #MAX_PAGE}).
 * The page bound keeps {@link #offset()} (page × size) inside an int for every size, as JPA and Panache need it.
 */
public class PageRequest {

    public static final int MAX_SIZE = 1000;
    public static final int MAX_PAGE = Integer.MAX_VALUE / MAX_SIZE;

    @QueryParam("page")
    @DefaultValue("0")
    @Min(value = 0, message = "must be between 0 and " + MAX_PAGE)
    @Max(value = MAX_PAGE, message = "must be between 0 and " + MAX_PAGE)
    public int page;

    @QueryParam("size")
    @DefaultValue("50")
    @Min(value = 1, message = "must be between 1 and 1000")
    @Max(value = MAX_SIZE, message = "must be between 1 and 1000")
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
