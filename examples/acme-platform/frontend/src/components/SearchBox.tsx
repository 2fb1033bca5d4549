import React, { useState } from "react";
import { config } from "../config";

interface Props {
  onSearch: (query: string) => void;
}

export function SearchBox({ onSearch }: Props) {
  const [query, setQuery] = useState("");
  return (
    <form role="search" onSubmit={(e) => { e.preventDefault(); onSearch(query); }}>
      <input
        type="search"
        name="q"
        value={query}
        placeholder="Search…"
        aria-label={config.searchPlaceholder}
        onChange={(e) => setQuery(e.target.value)}
      />
      <button type="submit">Search</button>
    </form>
  );
}
