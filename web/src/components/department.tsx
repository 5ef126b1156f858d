import { departmentColour } from '../departments';

/** A department's name on its colour. */
export function DeptBadge({ department }: { department: string }) {
  return (
    <span className="dept-badge" data-department={department} style={{ backgroundColor: departmentColour(department) }}>
      {department}
    </span>
  );
}
