import React, { useState } from "react";
import { config } from "../config";

export function LoginForm({ onLogin }: { onLogin: (email: string, password: string) => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const tooShort = password.length > 0 && password.length < config.passwordMinLength;
  return (
    <form onSubmit={(e) => { e.preventDefault(); onLogin(email, password); }}>
      <input type="email" name="email" placeholder="you@company.com" value={email}
             onChange={(e) => setEmail(e.target.value)} />
      <input type="password" name="password" placeholder="Password" autoComplete="current-password"
             value={password} onChange={(e) => setPassword(e.target.value)} />
      {tooShort && <p className="hint">Use at least {config.passwordMinLength} characters.</p>}
      <button type="submit">Sign in</button>
    </form>
  );
}
